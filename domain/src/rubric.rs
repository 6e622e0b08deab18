//! The PEKPPP rubric: how each indicator of the SKM scorecard turns what was measured into a score
//! from 0 to 5.
//!
//! The levels are **data**, not code: `../shared/spec/pekppp.md` gathers them from evaluation
//! instruments, not from one official text, so the product loads them from a table an administrator
//! may replace. The defaults are `domain/data/pekppp-rubric.json`; [`Rubric::check`] says what is
//! wrong with a replacement before it is stored.
//!
//! Four indicators are ladders of thresholds ([`Step`]: "more than 4 media → 5"), the highest score
//! whose threshold holds wins and none gives 0. The first, "SKM conducted per the regulation", is a
//! ladder of conditions ([`Ladder`]) whose scores are data too.

use serde::{Deserialize, Serialize};

/// The best score of any indicator.
pub const MAX_SCORE: u8 = 5;

/// The five things the scorecard scores, in the order it shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// SKM conducted per PermenPANRB 14/2017, published and followed up.
    Conducted,
    /// The number of media the results were published in.
    Media,
    /// The share of follow-up (RTL) items done.
    FollowupShare,
    /// Days from the report's publication to the last follow-up item done.
    FollowupSpeed,
    /// The share of citizens' comments answered or closed.
    Complaints,
}

impl Indicator {
    pub const ALL: [Indicator; 5] = [
        Indicator::Conducted,
        Indicator::Media,
        Indicator::FollowupShare,
        Indicator::FollowupSpeed,
        Indicator::Complaints,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Indicator::Conducted => "conducted",
            Indicator::Media => "media",
            Indicator::FollowupShare => "followup_share",
            Indicator::FollowupSpeed => "followup_speed",
            Indicator::Complaints => "complaints",
        }
    }

    pub fn parse(key: &str) -> Option<Indicator> {
        Indicator::ALL.into_iter().find(|i| i.key() == key)
    }

    /// Whether a larger measured value is better (counts and shares) or worse (days).
    pub fn more_is_better(self) -> bool {
        self != Indicator::FollowupSpeed
    }

    /// Whether the measured value is a percentage (at most 100).
    pub fn is_percent(self) -> bool {
        matches!(self, Indicator::FollowupShare | Indicator::Complaints)
    }
}

/// How a measured value is compared with a step's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
}

impl Cmp {
    pub const ALL: [Cmp; 4] = [Cmp::AtLeast, Cmp::MoreThan, Cmp::AtMost, Cmp::LessThan];

    pub fn key(self) -> &'static str {
        match self {
            Cmp::AtLeast => "at_least",
            Cmp::MoreThan => "more_than",
            Cmp::AtMost => "at_most",
            Cmp::LessThan => "less_than",
        }
    }

    pub fn parse(key: &str) -> Option<Cmp> {
        Cmp::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::AtLeast => "≥",
            Cmp::MoreThan => ">",
            Cmp::AtMost => "≤",
            Cmp::LessThan => "<",
        }
    }

    /// Whether this comparison rewards larger values.
    pub fn upward(self) -> bool {
        matches!(self, Cmp::AtLeast | Cmp::MoreThan)
    }
}

/// One level of a ladder of thresholds: `score` when the measured value `cmp` `value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub score: u8,
    pub cmp: Cmp,
    pub value: u32,
}

impl Step {
    /// Whether the measured value `num / den` (exactly; `den` > 0) meets this step.
    pub fn holds(&self, num: u64, den: u64) -> bool {
        let left = u128::from(num);
        let right = u128::from(self.value) * u128::from(den.max(1));
        match self.cmp {
            Cmp::AtLeast => left >= right,
            Cmp::MoreThan => left > right,
            Cmp::AtMost => left <= right,
            Cmp::LessThan => left < right,
        }
    }

    /// How strict the step is, in the direction its comparison rewards: a higher score must be at
    /// least as strict as a lower one. (`> 4` is stricter than `≥ 4`; `< 30` than `≤ 30`.)
    fn strictness(&self) -> i64 {
        let v = i64::from(self.value) * 2;
        match self.cmp {
            Cmp::AtLeast => v,
            Cmp::MoreThan => v + 1,
            Cmp::AtMost => -v,
            Cmp::LessThan => -v + 1,
        }
    }
}

/// The score of a measured value `num / den` on a ladder of steps: the highest score whose step
/// holds, or 0.
pub fn score_on(steps: &[Step], num: u64, den: u64) -> u8 {
    steps
        .iter()
        .filter(|s| s.holds(num, den))
        .map(|s| s.score)
        .max()
        .unwrap_or(0)
}

/// The step that gives the best score of a ladder ("5 media needed for full marks").
pub fn top_step(steps: &[Step]) -> Option<Step> {
    steps.iter().copied().max_by_key(|s| s.score)
}

/// The scores of the conditions of "SKM conducted per the regulation", best first; none of them
/// met (no answer at all in the year) scores 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ladder {
    /// Per the regulation, published online **and** offline, and followed up.
    pub full: u8,
    /// Per the regulation, published (online or offline), and followed up.
    pub published_followed_up: u8,
    /// Per the regulation and published.
    pub published: u8,
    /// Per the regulation (nine unsur, enough respondents), not published.
    pub per_rule: u8,
    /// Answers collected, not per the regulation.
    pub conducted: u8,
}

impl Ladder {
    /// The rungs from best to worst, with their keys.
    pub fn rungs(&self) -> [(&'static str, u8); 5] {
        [
            ("full", self.full),
            ("published_followed_up", self.published_followed_up),
            ("published", self.published),
            ("per_rule", self.per_rule),
            ("conducted", self.conducted),
        ]
    }
}

/// The whole rubric: one ladder per indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    /// Where the levels come from (shown beside the scorecard).
    #[serde(default)]
    pub source: String,
    pub conducted: Ladder,
    pub media: Vec<Step>,
    pub followup_share: Vec<Step>,
    pub followup_speed: Vec<Step>,
    pub complaints: Vec<Step>,
}

/// What is wrong with a rubric; worded for the administrator by the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RubricProblem {
    /// A score above [`MAX_SCORE`] (or a step scoring 0, which is what no step gives).
    ScoreOutOfRange { indicator: Indicator, score: u8 },
    /// Two steps of one indicator give the same score.
    ScoreTwice { indicator: Indicator, score: u8 },
    /// A comparison that rewards the wrong direction (`≥` on days, `≤` on media).
    WrongDirection { indicator: Indicator, score: u8 },
    /// A percentage above 100.
    PercentOver100 { indicator: Indicator, score: u8 },
    /// A higher score asks less than a lower one.
    NotStricter {
        indicator: Indicator,
        higher: u8,
        lower: u8,
    },
    /// An indicator with no step at all: nobody could score.
    NoSteps { indicator: Indicator },
    /// The conducted ladder's scores must not rise as the conditions weaken.
    LadderNotDescending,
}

impl Default for Rubric {
    /// The levels of `domain/data/pekppp-rubric.json`.
    fn default() -> Rubric {
        serde_json::from_str(include_str!("../data/pekppp-rubric.json"))
            .unwrap_or_else(|_| Rubric::fallback())
    }
}

impl Rubric {
    /// The steps of a threshold indicator (`None` for the conducted ladder).
    pub fn steps(&self, indicator: Indicator) -> Option<&[Step]> {
        match indicator {
            Indicator::Conducted => None,
            Indicator::Media => Some(&self.media),
            Indicator::FollowupShare => Some(&self.followup_share),
            Indicator::FollowupSpeed => Some(&self.followup_speed),
            Indicator::Complaints => Some(&self.complaints),
        }
    }

    /// The steps of a threshold indicator, to change.
    pub fn steps_mut(&mut self, indicator: Indicator) -> Option<&mut Vec<Step>> {
        match indicator {
            Indicator::Conducted => None,
            Indicator::Media => Some(&mut self.media),
            Indicator::FollowupShare => Some(&mut self.followup_share),
            Indicator::FollowupSpeed => Some(&mut self.followup_speed),
            Indicator::Complaints => Some(&mut self.complaints),
        }
    }

    /// The best score an indicator can give under this rubric.
    pub fn top_score(&self, indicator: Indicator) -> u8 {
        match self.steps(indicator) {
            None => self.conducted.full,
            Some(steps) => top_step(steps).map_or(0, |s| s.score),
        }
    }

    /// Every problem of the rubric (empty: it may be stored). Steps are also put in order, best
    /// score first.
    pub fn check(&mut self) -> Vec<RubricProblem> {
        let mut problems = Vec::new();
        let rungs = self.conducted.rungs();
        if rungs.iter().any(|(_, s)| *s > MAX_SCORE) || rungs.windows(2).any(|w| w[0].1 < w[1].1) {
            problems.push(RubricProblem::LadderNotDescending);
        }
        for indicator in Indicator::ALL.into_iter().skip(1) {
            let Some(steps) = self.steps_mut(indicator) else {
                continue;
            };
            steps.sort_by_key(|s| std::cmp::Reverse(s.score));
            if steps.is_empty() {
                problems.push(RubricProblem::NoSteps { indicator });
            }
            for (i, step) in steps.iter().enumerate() {
                let score = step.score;
                if score == 0 || score > MAX_SCORE {
                    problems.push(RubricProblem::ScoreOutOfRange { indicator, score });
                }
                if steps[..i].iter().any(|s| s.score == score) {
                    problems.push(RubricProblem::ScoreTwice { indicator, score });
                }
                if step.cmp.upward() != indicator.more_is_better() {
                    problems.push(RubricProblem::WrongDirection { indicator, score });
                }
                if indicator.is_percent() && step.value > 100 {
                    problems.push(RubricProblem::PercentOver100 { indicator, score });
                }
            }
            for pair in steps.windows(2) {
                let (higher, lower) = (pair[0], pair[1]);
                if higher.score > lower.score
                    && higher.cmp.upward() == lower.cmp.upward()
                    && higher.strictness() < lower.strictness()
                {
                    problems.push(RubricProblem::NotStricter {
                        indicator,
                        higher: higher.score,
                        lower: lower.score,
                    });
                }
            }
        }
        problems
    }

    /// The same levels written in code, used only if the data file could not be read (a test
    /// keeps the two equal).
    fn fallback() -> Rubric {
        let step = |score, cmp, value| Step { score, cmp, value };
        Rubric {
            source: String::new(),
            conducted: Ladder {
                full: 5,
                published_followed_up: 4,
                published: 3,
                per_rule: 2,
                conducted: 1,
            },
            media: vec![
                step(5, Cmp::MoreThan, 4),
                step(4, Cmp::AtLeast, 4),
                step(3, Cmp::AtLeast, 3),
                step(2, Cmp::AtLeast, 2),
                step(1, Cmp::AtLeast, 1),
            ],
            followup_share: vec![
                step(5, Cmp::AtLeast, 100),
                step(4, Cmp::MoreThan, 80),
                step(3, Cmp::AtLeast, 30),
                step(2, Cmp::MoreThan, 0),
            ],
            followup_speed: vec![
                step(5, Cmp::AtMost, 30),
                step(4, Cmp::AtMost, 90),
                step(3, Cmp::AtMost, 180),
                step(2, Cmp::AtMost, 270),
                step(1, Cmp::AtMost, 365),
            ],
            complaints: vec![
                step(5, Cmp::AtLeast, 90),
                step(4, Cmp::AtLeast, 75),
                step(3, Cmp::AtLeast, 50),
                step(2, Cmp::AtLeast, 25),
                step(1, Cmp::MoreThan, 0),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_reads_and_matches_the_levels_of_pekppp_md() {
        let file: Rubric =
            serde_json::from_str(include_str!("../data/pekppp-rubric.json")).expect("rubric");
        let mut fallback = Rubric::fallback();
        fallback.source = file.source.clone();
        assert_eq!(file, fallback);
        assert!(
            file.clone().check().is_empty(),
            "{:?}",
            file.clone().check()
        );
        assert_eq!(Rubric::default(), file);
    }

    #[test]
    fn more_than_four_media_is_full_marks_and_four_is_not() {
        let r = Rubric::default();
        assert_eq!(score_on(&r.media, 5, 1), 5);
        assert_eq!(score_on(&r.media, 4, 1), 4);
        assert_eq!(score_on(&r.media, 1, 1), 1);
        assert_eq!(score_on(&r.media, 0, 1), 0);
    }

    #[test]
    fn shares_are_compared_exactly() {
        let r = Rubric::default();
        // 4 of 5 is 80 %: not more than 80.
        assert_eq!(score_on(&r.followup_share, 400, 5), 3);
        // 81 of 100, and 13 of 16 (81,25 %).
        assert_eq!(score_on(&r.followup_share, 8100, 100), 4);
        assert_eq!(score_on(&r.followup_share, 1300, 16), 4);
        assert_eq!(score_on(&r.followup_share, 500, 5), 5);
        // 29,9 % and 30 %.
        assert_eq!(score_on(&r.followup_share, 2990, 100), 2);
        assert_eq!(score_on(&r.followup_share, 3000, 100), 3);
        assert_eq!(score_on(&r.followup_share, 0, 5), 0);
    }

    #[test]
    fn days_count_down() {
        let r = Rubric::default();
        assert_eq!(score_on(&r.followup_speed, 30, 1), 5);
        assert_eq!(score_on(&r.followup_speed, 31, 1), 4);
        assert_eq!(score_on(&r.followup_speed, 365, 1), 1);
        assert_eq!(score_on(&r.followup_speed, 366, 1), 0);
    }

    #[test]
    fn a_rubric_that_contradicts_itself_is_refused_with_reasons() {
        let mut r = Rubric::default();
        r.media[1].value = 9; // 4 points for ≥ 9 while 5 points for > 4
        r.followup_speed[0].cmp = Cmp::AtLeast;
        r.complaints[0].value = 120;
        r.followup_share[1].score = 5;
        r.conducted.per_rule = 4;
        let problems = r.check();
        assert!(problems.contains(&RubricProblem::NotStricter {
            indicator: Indicator::Media,
            higher: 5,
            lower: 4
        }));
        assert!(problems.contains(&RubricProblem::WrongDirection {
            indicator: Indicator::FollowupSpeed,
            score: 5
        }));
        assert!(problems.contains(&RubricProblem::PercentOver100 {
            indicator: Indicator::Complaints,
            score: 5
        }));
        assert!(problems.contains(&RubricProblem::ScoreTwice {
            indicator: Indicator::FollowupShare,
            score: 5
        }));
        assert!(problems.contains(&RubricProblem::LadderNotDescending));
    }

    #[test]
    fn steps_are_put_best_first() {
        let mut r = Rubric::default();
        r.media.reverse();
        assert!(r.check().is_empty());
        assert_eq!(r.media[0].score, 5);
        assert_eq!(r.top_score(Indicator::Media), 5);
        assert_eq!(r.top_score(Indicator::Conducted), 5);
    }
}
