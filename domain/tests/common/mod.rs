//! Builders shared by the domain's integration tests.
#![allow(dead_code)]

use ikm_domain::{Answers, Score, Tally, Unsur};

/// `n` complete questionnaires whose scores per unsur add up to `sums` (regulation order).
///
/// Each unsur's sum is spread over the respondents as evenly as possible, so the tally is made of
/// real answers, not of counts typed in.
pub fn questionnaires_with_sums(n: u64, sums: [u64; 9]) -> Vec<Answers> {
    let mut rows = vec![[Score::MIN; 9]; n as usize];
    for unsur in Unsur::ALL {
        let sum = sums[unsur.index()];
        assert!(
            sum >= n && sum <= 4 * n,
            "sum {sum} impossible for {n} respondents"
        );
        let (base, extra) = (sum / n, sum % n);
        for (r, row) in rows.iter_mut().enumerate() {
            let value = base + u64::from((r as u64) < extra);
            row[unsur.index()] = Score::new(value as u8).expect("1..=4 by construction");
        }
    }
    rows.into_iter().map(Answers::complete).collect()
}

/// A tally of `n` complete questionnaires whose nine column totals add up to `total`.
pub fn tally_with_total(n: u64, total: u64) -> Tally {
    let mut sums = [total / 9; 9];
    for s in sums.iter_mut().take((total % 9) as usize) {
        *s += 1;
    }
    Tally::of(&questionnaires_with_sums(n, sums))
}

pub fn answers(values: [u8; 9]) -> Answers {
    Answers::complete(values.map(|v| Score::new(v).expect("test score")))
}
