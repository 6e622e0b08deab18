//! The public worked examples and every grade boundary, reached exactly.

mod common;

use common::{questionnaires_with_sums, tally_with_total};
use ikm_domain::ikm::exact_converted;
use ikm_domain::response_file::read_all;
use ikm_domain::{Hundredths, IkmResult, Lang, Mutu, Tally, Unsur};

const SEKADAU: &str = include_str!("../../tests/fixtures/example-a-sekadau-2019.csv");

#[test]
fn sekadau_2019_gives_78_61_b() {
    let file = read_all(SEKADAU.as_bytes()).expect("header is valid");
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    let tally = Tally::of(file.records.iter().map(|r| &r.answers));
    let result = IkmResult::of(&tally).expect("answers exist");
    assert_eq!(result.respondents, 20);
    let sums: Vec<u64> = result.unsur.iter().map(|u| u.score_sum).collect();
    assert_eq!(sums, [54, 56, 62, 71, 65, 66, 67, 59, 66]);
    let nrr: Vec<i64> = result
        .unsur
        .iter()
        .map(|u| u.graded.expect("answered").nrr.0)
        .collect();
    assert_eq!(nrr, [270, 280, 310, 355, 325, 330, 335, 295, 330]);
    let grades: String = result
        .unsur
        .iter()
        .map(|u| u.graded.expect("answered").mutu.letter())
        .collect();
    assert_eq!(grades, "CCBABBBCB");
    assert_eq!(result.ikm, Hundredths(314));
    assert_eq!(result.converted, Hundredths(7861));
    assert_eq!(result.mutu, Mutu::B);
    assert_eq!(result.mutu.label(Lang::Id), "Baik");
    assert_eq!(result.weakest(), Some(Unsur::Persyaratan));
    assert_eq!(result.strongest(), Some(Unsur::Biaya));
}

#[test]
fn published_aggregates_of_29_give_91_48_a_not_90_56() {
    let sums = [105, 101, 100, 116, 102, 105, 106, 105, 115];
    let tally = Tally::of(&questionnaires_with_sums(29, sums));
    let result = IkmResult::of(&tally).expect("answers exist");
    assert_eq!(result.converted, Hundredths(9148));
    assert_eq!(result.mutu, Mutu::A);
}

#[test]
fn one_respondent_all_fours_gives_100_a() {
    let tally = Tally::of(&[common::answers([4; 9])]);
    let result = IkmResult::of(&tally).expect("answers exist");
    assert_eq!(result.converted, Hundredths(10000));
    assert_eq!(result.ikm, Hundredths(400));
    assert_eq!(result.mutu, Mutu::A);
}

/// Each boundary is reached by a tally whose exact converted IKM is that value, no rounding involved:
/// converted = 25·total/(9n), so total = converted·9n/25.
#[test]
fn every_grade_boundary_is_reached_exactly() {
    let cases = [
        (8831, Mutu::A),
        (8830, Mutu::B),
        (7661, Mutu::B),
        (7660, Mutu::C),
        (6500, Mutu::C),
        (6499, Mutu::D),
    ];
    for (hundredths, mutu) in cases {
        // n = 2500 makes 9n·converted/25 = 9·hundredths whole: total = 9 · hundredths.
        let (n, total) = (2500, 9 * hundredths as u64);
        let tally = tally_with_total(n, total);
        let exact = exact_converted(&tally).expect("answers exist");
        assert_eq!(
            exact,
            num_rational::BigRational::new(hundredths.into(), 100.into()),
            "{hundredths} reached exactly"
        );
        let result = IkmResult::of(&tally).expect("answers exist");
        assert_eq!(result.converted, Hundredths(hundredths));
        assert_eq!(result.mutu, mutu, "{hundredths}");
    }
}

#[test]
fn half_way_76_605_rounds_up_to_76_61_and_grades_b() {
    // 25·total/(9·5000) = 76,605  ⇔  total = 137 889.
    let tally = tally_with_total(5000, 137_889);
    let exact = exact_converted(&tally).expect("answers exist");
    assert_eq!(
        exact,
        num_rational::BigRational::new(76605.into(), 1000.into())
    );
    let result = IkmResult::of(&tally).expect("answers exist");
    assert_eq!(result.converted, Hundredths(7661));
    assert_eq!(result.mutu, Mutu::B);
    // In f64, 137889·25/45000 is 76.60499999…, which a naive round would grade C.
    let naive = 137_889f64 * 25.0 / 45_000.0;
    assert!((naive * 100.0).round() / 100.0 <= 76.61);
}

#[test]
fn exact_weights_not_0_111_or_0_11() {
    // The Sekadau data with weight 0,111 gives 78,53 and with 0,11 gives 77,83: both wrong.
    let file = read_all(SEKADAU.as_bytes()).expect("valid");
    let tally = Tally::of(file.records.iter().map(|r| &r.answers));
    let result = IkmResult::of(&tally).expect("answers exist");
    assert_ne!(result.converted, Hundredths(7853));
    assert_ne!(result.converted, Hundredths(7783));
}

#[test]
fn unanswered_unsur_are_left_out_of_the_mean() {
    // Two respondents answer only persyaratan (4, 4) and waktu (2, 2): IKM = (4 + 2)/2 = 3 → 75,00.
    let mut scores = [None; 9];
    scores[Unsur::Persyaratan.index()] = Some(ikm_domain::Score::new(4).expect("valid"));
    scores[Unsur::Waktu.index()] = Some(ikm_domain::Score::new(2).expect("valid"));
    let a = ikm_domain::Answers::new(scores).expect("answers");
    let result = IkmResult::of(&Tally::of([&a, &a])).expect("answers exist");
    assert_eq!(result.converted, Hundredths(7500));
    assert_eq!(result.mutu, Mutu::C);
    assert_eq!(result.get(Unsur::Sarana).answered, 0);
    assert_eq!(result.get(Unsur::Sarana).graded, None);
    assert_eq!(result.weakest(), Some(Unsur::Waktu));

    // Different answer counts per unsur: NRRs are per unsur, not per questionnaire.
    let mut only_biaya = [None; 9];
    only_biaya[Unsur::Biaya.index()] = Some(ikm_domain::Score::new(1).expect("valid"));
    let b = ikm_domain::Answers::new(only_biaya).expect("answers");
    let full = common::answers([4; 9]);
    let result = IkmResult::of(&Tally::of([&full, &b])).expect("answers exist");
    // NRR biaya = (4 + 1)/2 = 2,5; the other eight 4: IKM = (8·4 + 2,5)/9 = 3,8333 → 95,83.
    assert_eq!(
        result.get(Unsur::Biaya).graded.expect("answered").nrr,
        Hundredths(250)
    );
    assert_eq!(result.converted, Hundredths(9583));
}

#[test]
fn an_empty_tally_has_no_result() {
    assert_eq!(IkmResult::of(&Tally::default()), None);
}
