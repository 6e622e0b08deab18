//! Property tests of the tally and the IKM arithmetic.

mod common;

use ikm_domain::ikm::{exact_converted, exact_ikm, grade_perception};
use ikm_domain::Unsur;
use ikm_domain::{Answers, Hundredths, IkmResult, Score, Tally};
use num_bigint::BigInt;
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

    /// `IkmResult::of` grades in machine integers where they fit and falls back to big rationals
    /// where a product would overflow: both give exactly what the rationals give, for small counts
    /// (the machine path) and counts up to 10^11 (mostly the fallback).
    #[test]
    fn machine_integer_grading_equals_the_exact_rationals(
        counts in proptest::array::uniform9(proptest::array::uniform4(
            prop_oneof![0u64..50, 0u64..20_000, 0u64..100_000_000_000]
        )),
    ) {
        let answered = counts.iter().map(|c| c.iter().sum::<u64>()).max().unwrap_or(0);
        let respondents = answered.max(1);
        let mean = 2 * ikm_domain::tally::MEAN_SCALE;
        let Ok(tally) = Tally::from_parts(counts, respondents, respondents * mean, respondents * mean * mean) else {
            // Nobody answered anything: no result to compare.
            prop_assert_eq!(answered, 0);
            return Ok(());
        };
        let result = IkmResult::of(&tally).expect("answers exist");
        let exact = exact_ikm(&tally).expect("answers exist");
        // The mean of the answered unsur's NRRs, added the plain way.
        let nrrs: Vec<BigRational> = Unsur::ALL
            .into_iter()
            .filter(|&u| tally.answered(u) > 0)
            .map(|u| BigRational::new(BigInt::from(tally.score_sum(u)), BigInt::from(tally.answered(u))))
            .collect();
        let count = BigRational::from_integer(BigInt::from(nrrs.len()));
        prop_assert_eq!(&exact, &(nrrs.into_iter().sum::<BigRational>() / count));
        let (ikm, graded) = grade_perception(&exact);
        prop_assert_eq!(result.ikm, ikm);
        prop_assert_eq!(result.converted, graded.converted);
        prop_assert_eq!(result.mutu, graded.mutu);
        for u in Unsur::ALL {
            let r = result.get(u);
            let expected = (tally.answered(u) > 0).then(|| {
                grade_perception(&BigRational::new(
                    BigInt::from(tally.score_sum(u)),
                    BigInt::from(tally.answered(u)),
                )).1
            });
            prop_assert_eq!(r.graded, expected);
        }
    }

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
    fn the_grade_alone_is_the_full_results(a in batch()) {
        let tally = Tally::of(&a);
        prop_assert_eq!(
            ikm_domain::ikm::converted_grade(&tally),
            IkmResult::of(&tally).map(|r| (r.converted, r.mutu))
        );
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
