//! Property tests of the tally and the IKM arithmetic.

mod common;

use ikm_domain::ikm::exact_converted;
use ikm_domain::{Answers, Hundredths, IkmResult, Score, Tally};
use num_rational::BigRational;
use proptest::prelude::*;

fn score() -> impl Strategy<Value = Score> {
    (1u8..=4).prop_map(|v| Score::new(v).expect("1..=4"))
}

fn answers() -> impl Strategy<Value = Answers> {
    proptest::array::uniform9(proptest::option::weighted(0.9, score()))
        .prop_filter_map("at least one answer", |s| Answers::new(s).ok())
}

fn batch() -> impl Strategy<Value = Vec<Answers>> {
    proptest::collection::vec(answers(), 0..40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn merging_equals_tallying_the_union(a in batch(), b in batch()) {
        let mut merged = Tally::of(&a);
        merged.merge(&Tally::of(&b));
        let union: Vec<Answers> = a.iter().chain(b.iter()).copied().collect();
        prop_assert_eq!(merged, Tally::of(&union));
    }

    #[test]
    fn merging_is_associative_and_order_free(a in batch(), b in batch(), c in batch()) {
        let (ta, tb, tc) = (Tally::of(&a), Tally::of(&b), Tally::of(&c));
        let left = (ta.clone() + tb.clone()) + tc.clone();
        let right = ta.clone() + (tb.clone() + tc.clone());
        prop_assert_eq!(&left, &right);
        prop_assert_eq!(&left, &(tc + ta + tb));
    }

    #[test]
    fn converted_ikm_stays_between_25_and_100(a in batch()) {
        let tally = Tally::of(&a);
        if let Some(result) = IkmResult::of(&tally) {
            prop_assert!(result.converted >= Hundredths(2500) && result.converted <= Hundredths(10000));
            let exact = exact_converted(&tally).expect("answers exist");
            prop_assert!(exact >= BigRational::from_integer(25.into()));
            prop_assert!(exact <= BigRational::from_integer(100.into()));
        } else {
            prop_assert!(a.is_empty());
        }
    }

    #[test]
    fn raising_one_answer_never_lowers_the_ikm(
        a in proptest::collection::vec(answers(), 1..40),
        pick in any::<prop::sample::Index>(),
        unsur in 0usize..9,
    ) {
        let before = exact_converted(&Tally::of(&a)).expect("answers exist");
        let mut raised = a.clone();
        let row = pick.index(raised.len());
        let mut scores = raised[row].as_array();
        if let Some(s) = scores[unsur] {
            scores[unsur] = Some(Score::new((s.value() + 1).min(4)).expect("1..=4"));
        }
        raised[row] = Answers::new(scores).expect("still answered");
        let after = exact_converted(&Tally::of(&raised)).expect("answers exist");
        prop_assert!(after >= before);
    }

    #[test]
    fn rounding_never_moves_more_than_half_a_hundredth(a in proptest::collection::vec(answers(), 1..40)) {
        let tally = Tally::of(&a);
        let exact = exact_converted(&tally).expect("answers exist");
        let shown = IkmResult::of(&tally).expect("answers exist").converted;
        let diff = exact - BigRational::new(shown.0.into(), 100.into());
        let half = BigRational::new(1.into(), 200.into());
        prop_assert!(diff <= half && -diff.clone() <= half);
    }
}
