//! Properties of the scorecard's scoring: more is never worse, a region's mean lies between its
//! units' scores.

use ikm_domain::rubric::{score_on, Indicator, Rubric};
use ikm_domain::scorecard::{mean, CommentFacts, UnitScore, UnitYear};
use proptest::prelude::*;

proptest! {
    #[test]
    fn a_better_value_never_scores_lower(a in 0u64..2000, b in 0u64..2000, den in 1u64..500) {
        let r = Rubric::default();
        let (low, high) = (a.min(b), a.max(b));
        for indicator in Indicator::ALL {
            let Some(steps) = r.steps(indicator) else { continue };
            let (worse, better) = if indicator.more_is_better() { (low, high) } else { (high, low) };
            prop_assert!(score_on(steps, better, den) >= score_on(steps, worse, den), "{indicator:?}");
        }
    }

    #[test]
    fn answering_more_comments_never_lowers_the_score(total in 1u64..500, answered in 0u64..500) {
        let r = Rubric::default();
        let answered = answered.min(total);
        let unit = |answered| UnitYear {
            year: 2026,
            population_per_year: None,
            periods: Vec::new(),
            publications: Vec::new(),
            media: Vec::new(),
            actions: Vec::new(),
            comments: CommentFacts { total, answered, reply_days: Vec::new() },
        };
        let score = |a| UnitScore::of(&unit(a), &r).get(Indicator::Complaints).map(|f| f.score);
        prop_assert!(score(answered.saturating_add(1).min(total)) >= score(answered));
    }

    #[test]
    fn a_mean_lies_between_the_lowest_and_highest_score(scores in proptest::collection::vec(0u64..=5, 1..50)) {
        let m = mean(scores.iter().copied()).0;
        let min = *scores.iter().min().unwrap_or(&0) as i64 * 100;
        let max = *scores.iter().max().unwrap_or(&0) as i64 * 100;
        prop_assert!(min <= m && m <= max);
    }
}
